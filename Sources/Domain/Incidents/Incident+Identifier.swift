import FoundationEssentials
import Platform

extension Incident {
    /// Makes an incident ID from the given time and randomness: "inc-20261129T144021Z-9f3a2c1b".
    ///
    /// The UTC time first makes IDs sort by creation; 32 random bits keep IDs made in the same second apart.
    public static func makeID(at time: Date, using generator: inout some RandomNumberGenerator) -> String {
        let c = time.utcComponents([.year, .month, .day, .hour, .minute, .second])
        let date = (c.year ?? 0).zeroPadded(4) + (c.month ?? 0).zeroPadded(2) + (c.day ?? 0).zeroPadded(2)
        let stamp = date + "T" + (c.hour ?? 0).zeroPadded(2) + (c.minute ?? 0).zeroPadded(2) + (c.second ?? 0).zeroPadded(2) + "Z"
        let random = UInt32.random(in: .min ... .max, using: &generator)
        return "inc-\(stamp)-\(random.zeroPadded(8, radix: 16))"
    }
}
