import NetVetWire
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A frame source read ahead on a second thread: the reader copies frames into chunks of about
/// `chunkBytes` while the caller audits the chunk before, so reading a capture file (libpcap's record
/// parsing and the kernel's copy out of the page cache, a third of a single-threaded audit) overlaps
/// the audit itself.
///
/// Frames come out in the inner source's order, with the same headers and bytes. The chunks are
/// allocated once (`chunks` of them) and reused; a chunk grows only for a frame larger than its free
/// space, so the steady state allocates nothing per frame. An error the inner source throws is thrown
/// here after every frame read before it. `stop()` (from any thread) ends reading as the inner source's
/// does; dropping the source early (a packet count reached) stops and joins the reader.
///
/// The inner source belongs to the reader thread once this source exists: use it only through this one.
/// If the thread cannot be started, frames are read from the inner source directly.
public final class PrefetchingFrameSource: FrameSource {
    public let linkType: LinkType
    public let name: String

    private let shared: Shared
    private var thread: pthread_t?
    /// The chunk being delivered, and the index of its next frame.
    private var current: Chunk?
    private var nextFrame = 0
    /// The inner source's progress when the chunk being delivered was filled.
    private var lastProgress: (consumed: Int64, total: Int64?)
    /// Set once the reader ended and was joined: `truncation` and `droppedFrames` may then be read.
    private var joined = false
    /// Set by `stop()`, from any thread: frames already read ahead are not delivered after it.
    private let stopRequested = Atomic<Bool>(false)

    /// Reads `source` ahead in `chunks` chunks of about `chunkBytes` bytes each (at least 2 chunks).
    public init(_ source: FrameSource, chunkBytes: Int = 1 << 18, chunks: Int = 4) {
        linkType = source.linkType
        name = source.name
        lastProgress = (0, source.progress.total)
        shared = Shared(source: source, chunkBytes: max(chunkBytes, 4096), chunks: max(chunks, 2))
        thread = Self.start(shared)
    }

    /// A prefetching source over the capture file at `path` (`-` for standard input); the errors of
    /// `PcapFileSource.init(path:)`.
    public static func file(_ path: String) throws(CaptureError) -> PrefetchingFrameSource {
        PrefetchingFrameSource(try PcapFileSource(path: path))
    }

    deinit {
        if let thread, !joined {
            shared.requestStop()
            shared.source.stop()
            pthread_join(thread, nil)
        }
    }

    public func read(limit: Int, _ handler: (FrameHeader, UnsafeRawBufferPointer) -> Void) throws(CaptureError)
        -> ReadOutcome
    {
        guard thread != nil else { return try shared.source.read(limit: limit, handler) }
        if stopRequested.load(ordering: .relaxed) {
            join()
            return .endOfInput
        }
        let chunk: Chunk
        while true {
            if let delivering = current {
                if nextFrame < delivering.count {
                    chunk = delivering
                    break
                }
                current = nil
                shared.recycle(delivering)
            }
            switch shared.take() {
            case .chunk(let taken):
                current = taken
                nextFrame = 0
                lastProgress = taken.progress
            case .end(let error):
                join()
                if let error { throw error }
                return .endOfInput
            }
        }
        let end = min(chunk.count, nextFrame + max(limit, 1))
        let start = nextFrame
        for index in start..<end {
            handler(chunk.headers[index], chunk.frame(index))
        }
        nextFrame = end
        return .delivered(end - start)
    }

    /// The inner source's reason once reading ended; `nil` before.
    public var truncation: String? { joined || thread == nil ? shared.source.truncation : nil }

    /// Of the chunk being delivered: somewhat ahead of the frames audited, by at most the chunks in flight.
    public var progress: (consumed: Int64, total: Int64?) {
        thread == nil ? shared.source.progress : lastProgress
    }

    public var droppedFrames: Int { joined || thread == nil ? shared.source.droppedFrames : 0 }

    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        shared.requestStop()
        shared.source.stop()
    }

    private func join() {
        guard let thread, !joined else { return }
        pthread_join(thread, nil)
        joined = true
    }

    /// Starts the reader thread; `nil` if it cannot be created.
    private static func start(_ shared: Shared) -> pthread_t? {
        let context = Unmanaged.passRetained(shared).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Shared>.fromOpaque(raw).takeRetainedValue().produce()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<Shared>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}

/// A block of frames copied out of the inner source: their headers and their bytes, back to back.
private final class Chunk {
    private(set) var storage: UnsafeMutableRawBufferPointer
    private(set) var used = 0
    private(set) var headers: [FrameHeader] = []
    /// Where each frame starts in `storage` (its length is `frame.count` at append: `lengths`).
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    /// The inner source's progress after this chunk was filled.
    var progress: (consumed: Int64, total: Int64?) = (0, nil)
    /// Bytes after which the chunk counts as full (the storage has some slack beyond).
    let nominalBytes: Int

    init(nominalBytes: Int) {
        self.nominalBytes = nominalBytes
        // Slack for the frames of the read call that crosses `nominalBytes`.
        storage = .allocate(byteCount: nominalBytes + nominalBytes / 4, alignment: 16)
        headers.reserveCapacity(nominalBytes / 64)
        offsets.reserveCapacity(nominalBytes / 64)
        lengths.reserveCapacity(nominalBytes / 64)
    }

    deinit { storage.deallocate() }

    var count: Int { headers.count }
    var isFull: Bool { used >= nominalBytes }

    func reset() {
        used = 0
        headers.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
    }

    func append(_ header: FrameHeader, _ frame: UnsafeRawBufferPointer) {
        if used + frame.count > storage.count {
            // Only for frames larger than the slack: grow once, keep the capacity.
            let grown = UnsafeMutableRawBufferPointer.allocate(
                byteCount: max(storage.count * 2, used + frame.count), alignment: 16)
            grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[0..<used]))
            storage.deallocate()
            storage = grown
        }
        if let base = frame.baseAddress, let destination = storage.baseAddress, frame.count > 0 {
            (destination + used).copyMemory(from: base, byteCount: frame.count)
        }
        headers.append(header)
        offsets.append(used)
        lengths.append(frame.count)
        used += frame.count
    }

    func frame(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[offsets[index]..<(offsets[index] + lengths[index])])
    }
}

/// What the two threads share, under one mutex: free chunks, filled chunks in order, and how reading ended.
/// `@unchecked Sendable`: every mutable field is read and written with `mutex` held, except `source`,
/// which only the reader thread uses until it has ended (the caller then reads `truncation` after the
/// join, and `stop()`, which the FrameSource contract makes safe from any thread).
private final class Shared: @unchecked Sendable {
    let source: FrameSource
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    private var free: [Chunk]
    private var filled: [Chunk] = []
    private var filledHead = 0
    private var ended = false
    private var error: CaptureError?
    private var stopping = false

    enum Taken {
        case chunk(Chunk)
        case end(CaptureError?)
    }

    init(source: FrameSource, chunkBytes: Int, chunks: Int) {
        self.source = source
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        changed = .allocate(capacity: 1)
        changed.initialize(to: pthread_cond_t())
        pthread_cond_init(changed, nil)
        free = (0..<chunks).map { _ in Chunk(nominalBytes: chunkBytes) }
        filled.reserveCapacity(chunks)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// The reader thread: fills free chunks from `source` until it ends, fails or is stopped.
    func produce() {
        while true {
            pthread_mutex_lock(mutex)
            while free.isEmpty && !stopping { pthread_cond_wait(changed, mutex) }
            guard !stopping else {
                ended = true
                pthread_cond_broadcast(changed)
                pthread_mutex_unlock(mutex)
                return
            }
            let chunk = free.removeLast()
            pthread_mutex_unlock(mutex)

            chunk.reset()
            var finished = false
            var failure: CaptureError?
            do {
                while !chunk.isFull {
                    let outcome = try source.read(limit: 32) { header, frame in chunk.append(header, frame) }
                    if outcome == .endOfInput {
                        finished = true
                        break
                    }
                    // A file never idles; a live source that does hands over what it has.
                    if outcome == .idle && chunk.count > 0 { break }
                }
            } catch {
                failure = error
                finished = true
            }
            chunk.progress = source.progress

            pthread_mutex_lock(mutex)
            filled.append(chunk)
            if finished {
                ended = true
                self.error = failure
            }
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
            if finished { return }
        }
    }

    /// The next filled chunk in order, waiting for one; `.end` once reading ended (or was stopped) and
    /// every filled chunk was taken.
    func take() -> Taken {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if stopping { return .end(nil) }
            if filledHead < filled.count {
                let chunk = filled[filledHead]
                filledHead += 1
                if filledHead == filled.count {
                    filled.removeAll(keepingCapacity: true)
                    filledHead = 0
                }
                return .chunk(chunk)
            }
            if ended { return .end(error) }
            pthread_cond_wait(changed, mutex)
        }
    }

    /// Gives a delivered chunk back to the reader.
    func recycle(_ chunk: Chunk) {
        locked {
            free.append(chunk)
            pthread_cond_broadcast(changed)
        }
    }

    /// Makes both sides return: the reader after its current chunk, the caller at its next `take`.
    func requestStop() {
        locked {
            stopping = true
            pthread_cond_broadcast(changed)
        }
    }
}
