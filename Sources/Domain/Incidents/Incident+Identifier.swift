import Foundation

extension Incident {
    /// Makes an incident ID from the given time and randomness: "inc-20261129T144021Z-9f3a2c1b".
    ///
    /// The UTC time first makes IDs sort by creation; 32 random bits keep IDs made in the same second apart.
    public static func makeID(at time: Date, using generator: inout some RandomNumberGenerator) -> String {
        let c = time.utcComponents([.year, .month, .day, .hour, .minute, .second])
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02dZ",
                           c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        let random = UInt32.random(in: .min ... .max, using: &generator)
        return "inc-\(stamp)-\(String(format: "%08x", random))"
    }
}
