import Testing

@testable import NetVetAudit

/// `Auditor.permute`, which puts the report's flows in order in place: it must equal building the ordered
/// array by indexing, for every permutation of a small set and for large random ones.
@Suite("Auditor flow permutation")
struct PermutationTests {
    /// All permutations of `0..<count`.
    static func permutations(_ count: Int) -> [[Int]] {
        guard count > 0 else { return [[]] }
        return permutations(count - 1).flatMap { shorter in
            (0...shorter.count).map { position in
                var longer = shorter
                longer.insert(count - 1, at: position)
                return longer
            }
        }
    }

    @Test("every permutation of six elements, with strings that must survive the swaps")
    func everySmallPermutation() {
        let elements = (0..<6).map { "flow-\($0)-" + String(repeating: "x", count: $0 * 9) }
        for order in Self.permutations(6) {
            var permuted = elements
            Auditor.permute(&permuted, to: order)
            #expect(permuted == order.map { elements[$0] })
        }
    }

    @Test("large permutations: multiplicative ones (many cycles of many lengths) and the reversal")
    func largePermutations() {
        for count in [1, 2, 1000, 40_000] {
            let elements = (0..<count).map { $0 * 7 }
            // 7,919 is a prime that divides none of the counts, so i ↦ 7,919·i + 3 mod count is a permutation.
            let orders = [(0..<count).map { ($0 * 7_919 + 3) % count }, Array((0..<count).reversed())]
            for order in orders {
                var permuted = elements
                Auditor.permute(&permuted, to: order)
                #expect(permuted == order.map { elements[$0] })
            }
        }
    }
}
