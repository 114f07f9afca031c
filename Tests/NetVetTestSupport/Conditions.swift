import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Conditions for tests that need something the machine may lack: Swift Testing then reports them as
/// skipped, with the reason, instead of letting them pass without checking anything.
///
///     @Test(.requiresCorpus, .requiresTShark) func agreement() throws { … }
extension Trait where Self == ConditionTrait {
    /// The third-party corpus (`Corpus.isAvailable`).
    public static var requiresCorpus: Self {
        .enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.unavailableReason))
    }

    /// One file of the corpus, `relativePath` inside it; implies the corpus itself.
    public static func requiresCorpus(_ relativePath: String) -> Self {
        .enabled(
            if: Corpus.contains(relativePath),
            Comment(
                rawValue: Corpus.isAvailable
                    ? "needs \(relativePath) in the corpus (not found at \(Corpus.path(relativePath)))"
                    : Corpus.unavailableReason))
    }

    /// tshark on `PATH` (`TShark.isAvailable`).
    public static var requiresTShark: Self {
        .enabled(if: TShark.isAvailable, Comment(rawValue: TShark.unavailableReason))
    }

    /// Root (effective user id 0), which network namespaces and live capture need.
    public static var requiresRoot: Self {
        .enabled(
            if: geteuid() == 0,
            Comment(rawValue: "needs root to create network namespaces and capture (euid \(geteuid()))"))
    }

    /// An executable `name` on `PATH` or in the system directories; `package` says where it comes from.
    public static func requiresExecutable(_ name: String, from package: String) -> Self {
        .enabled(
            if: Subprocess.executable(name) != nil,
            Comment(rawValue: "needs \(name) on PATH (\(package))"))
    }
}
