import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension XMLTree {
    /// Parses a document with FoundationXML's event parser into its root element.
    public static func parse(_ data: Data) throws(AWSClientError) -> XMLTree {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        // An AWS answer never needs a DTD or external entities; resolving them would be an XXE hole.
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let reason = parser.parserError.map { "\($0)" } ?? "no root element"
            throw AWSClientError(kind: .decoding, code: "InvalidXML", message: "response is not well-formed XML: \(reason)")
        }
        return root
    }
}

/// Builds the tree from XMLParser's SAX callbacks; lives only for one synchronous parse.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [(tree: XMLTree, text: String)] = []
    private(set) var root: XMLTree?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append((XMLTree(name: local), ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        guard let (finished, text) = stack.popLast() else { return }
        var tree = finished
        tree.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if stack.isEmpty {
            root = tree
        } else {
            stack[stack.count - 1].tree.elements.append(tree)
        }
    }
}
