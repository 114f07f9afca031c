// libFuzzer target for the packet path: decode → DeviceTable → FlowTable (STYLE.md §7.4).
//
// Build and run with scripts/fuzz.sh (docs/swift-stack.md §4). This file is deliberately not named
// main.swift: SwiftPM's synthesized main would otherwise replace libFuzzer's.
//
// Input layout (also the layout of Tests/Fuzz/corpus/decode and Tests/Fuzz/regressions/decode):
//   byte 0      link type: index into LinkType.supported, modulo its count
//   byte 1      wire-length extension: 0 → wireLength == frame length (a malformed frame);
//               k > 0 → wireLength == frame length + k (a frame cut by the snap length)
//   bytes 2...  the frame
import NetVetFuzzing

/// The libFuzzer entry point: runs one input through `DecodeFuzzHarness` (Tests/NetVetFuzzing). Never fails; a
/// broken invariant traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = DecodeFuzzHarness.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
