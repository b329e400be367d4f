import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import AWSClient
import TestSupport

extension SeededGenerator {
    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> Data {
        Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &self) })
    }

    /// A random element of a non-empty array.
    mutating func pick<Element>(_ choices: [Element]) -> Element {
        choices[Int.random(in: 0..<choices.count, using: &self)]
    }
}

// MARK: - The FoundationXML reference

/// The tree FoundationXML's XMLParser (libxml2) gives, built the way Cordon's decoder did before it had its own
/// parser; nil when libxml2 finds the document not well-formed. Documents given to it must not hold a processing
/// instruction without data: swift-corelibs-foundation's callback then reads a null C string and crashes.
func foundationXMLTree(_ data: Data) -> XMLTree? {
    let builder = ReferenceTreeBuilder()
    let parser = XMLParser(data: data)
    parser.shouldResolveExternalEntities = false
    parser.delegate = builder
    guard parser.parse() else { return nil }
    return builder.root
}

/// Whether `data` holds a processing instruction without data, which `foundationXMLTree` cannot be given.
func hasProcessingInstructionWithoutData(_ data: Data) -> Bool {
    String(decoding: data, as: UTF8.self).contains(/<\?[^?\s]*\?>/)
}

/// The SAX-callback tree builder the FoundationXML-based `XMLTree.parse` used, kept as the reference.
private final class ReferenceTreeBuilder: NSObject, XMLParserDelegate {
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

// MARK: - Documents

/// The AWS answers the decoding tests use, as whole documents: recorded-shape EC2 and Query responses and errors.
let awsResponseDocuments: [String] = {
    let instance = instanceXML(
        "i-1", interfaces: [(id: "eni-1", vpc: "vpc-1", index: 0, groups: ["sg-a", "sg-b"], ip: "10.0.0.1"),
                            (id: "eni-2", vpc: "vpc-1", index: 1, groups: ["sg-c"], ip: "10.0.0.2")],
        volumes: ["vol-1", "vol-2"])
    let answers = [
        ec2Answer("DescribeInstances", instance, requestId: "req-1"),
        ec2Answer("ModifyNetworkInterfaceAttribute", "<return>true</return>", requestId: "req-mod"),
        queryAnswer("DescribeAutoScalingInstances", "<AutoScalingInstances><member><InstanceId>i-1</InstanceId>"
            + "</member></AutoScalingInstances>", requestId: "req-asg"),
        queryError("Throttling"), ec2Error("InvalidInstanceID.NotFound"), ok(AWSClientSendTests.tagsOK),
    ]
    let bodies = answers.compactMap { answer -> String? in
        guard case .success(let response) = answer else { return nil }
        return String(decoding: response.body, as: UTF8.self)
    }
    return bodies + [EC2DecodingTests.describeInstances, """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
           <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
           <securityGroupInfo>
              <item>
                 <ownerId>123456789012</ownerId>
                 <groupId>sg-1a2b3c4d</groupId>
                 <groupName>WebServers</groupName>
                 <groupDescription>Web Servers &amp; &quot;friends&quot; &lt;quarantine&gt;</groupDescription>
                 <vpcId>vpc-1a2b3c4d</vpcId>
                 <ipPermissions>
                    <item>
                       <ipProtocol>-1</ipProtocol>
                       <groups><item><userId>123456789012</userId><groupId>sg-1a2b3c4d</groupId></item></groups>
                       <ipRanges/>
                    </item>
                 </ipPermissions>
                 <ipPermissionsEgress/>
                 <tagSet><item><key>Name</key><value>caf&#xe9; &#8364; &#x1F600;</value></item></tagSet>
              </item>
           </securityGroupInfo>
        </DescribeSecurityGroupsResponse>
        """, """
        <GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <GetUserResult>
            <User>
              <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
              <Path>/division_abc/subdivision_xyz/</Path>
              <UserName>Bob</UserName>
              <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob</Arn>
              <CreateDate>2013-10-02T17:01:44Z</CreateDate>
            </User>
          </GetUserResult>
          <ResponseMetadata>
            <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
          </ResponseMetadata>
        </GetUserResponse>
        """]
}()

/// A random well-formed document exercising every construct the parser accepts: prefixed names with their
/// namespace declared, attributes, entity and character references, CDATA, comments, processing
/// instructions, CR LF line ends, non-ASCII text, mixed content and empty elements.
func generatedDocument(_ random: inout SeededGenerator) -> String {
    let names = ["a", "item", "member", "requestId", "x:y", "ns:item", "Élan", "_under", "dash-ed.dot9"]
    let texts = ["", " ", "plain", " padded ", "x &amp; y", "&lt;tag&gt;", "&quot;q&apos;", "&#65;&#x42;", "&#233;",
                 "caf\u{E9} \u{65E5}\u{672C} \u{1F600}", "line\r\nbreak", "cr\ronly", "<![CDATA[ <raw> & ]] ]]>",
                 "<!-- note -->", "<?pi data?>", "\t\n", "a]b", "&#13;", "&#xA0;nbsp&#xA0;"]
    var document = random.pick(["", "<?xml version=\"1.0\"?>\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                                "\u{FEFF}<?xml version='1.0' encoding='utf-8' standalone='yes' ?>"])
    document += random.pick(["", "<!-- before -->", "\n<?before it?>\n"])
    func element(depth: Int, random: inout SeededGenerator) -> String {
        let name = random.pick(names)
        var tag = "<" + name
        if depth == 0 { tag += " xmlns=\"http://example.com/doc\" xmlns:x=\"urn:x\" xmlns:ns=\"urn:ns\"" }
        if Bool.random(using: &random) { tag += " id=\"v &amp; &#34;w&#34;\"" }
        if Bool.random(using: &random) { tag += "\n  x:attr = 'single \"quoted\"'" }
        if depth > 0 && Int.random(in: 0..<4, using: &random) == 0 { return tag + random.pick(["/>", " />"]) }
        var body = ""
        let parts = Int.random(in: 0...4, using: &random)
        for _ in 0..<parts {
            if depth < 5 && Bool.random(using: &random) {
                body += element(depth: depth + 1, random: &random)
            } else {
                body += random.pick(texts)
            }
        }
        return tag + ">" + body + "</" + name + random.pick(["", " ", "\n"]) + ">"
    }
    document += element(depth: 0, random: &random)
    document += random.pick(["", "\n", "<!-- after -->\n", "<?after it?>"])
    return document
}
