import Glibc
import Testing
@testable import Platform

@Suite struct OpenFileLimitTests {
    @Test func raisesTheSoftLimitToTheHardOne() {
        var before = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &before) == 0)
        let now = OpenFileLimit.raiseToHardLimit()
        var after = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &after) == 0)
        #expect(after.rlim_cur == after.rlim_max)
        #expect(after.rlim_cur >= before.rlim_cur)
        #expect(now == OpenFileLimit.current())
        #expect(now == (after.rlim_cur > rlim_t(Int.max) ? Int.max : Int(after.rlim_cur)))
    }
}
