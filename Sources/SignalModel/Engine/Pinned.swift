/// Tables that never change once built, copied into memory their owner frees, and read through
/// plain pointers: the engine's and the router's per-case loops then do no reference counting (an
/// array held by a class is retained and released around its use, and those atomic counts were a
/// fifth of a batch's time). The arrays they are copied from stay the definition; a pinned table is
/// only their bytes (issue 24).
struct Pinning {
    private(set) var blocks: [UnsafeMutableRawPointer] = []

    /// A copy of `values` that lives until the owner made from this value goes (`Pinned`).
    mutating func pin<Value: BitwiseCopyable>(_ values: [Value]) -> UnsafePointer<Value> {
        let pointer = UnsafeMutablePointer<Value>.allocate(capacity: Swift.max(values.count, 1))
        values.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { pointer.initialize(from: base, count: buffer.count) }
        }
        blocks.append(UnsafeMutableRawPointer(pointer))
        return UnsafePointer(pointer)
    }
}

/// The owner of pinned tables: frees them when it goes. Hold it beside the pointers (in the same
/// immutable object), so they are valid as long as that object is. Never written after `init`.
final class Pinned: @unchecked Sendable {
    private let blocks: [UnsafeMutableRawPointer]

    init(_ pinning: Pinning) { blocks = pinning.blocks }

    deinit {
        for block in blocks { block.deallocate() }
    }
}

/// A pointer into a pinned table: immutable, so it may cross threads with the object that owns it.
struct PinnedPointer<Value>: @unchecked Sendable {
    let base: UnsafePointer<Value>

    init(_ base: UnsafePointer<Value>) { self.base = base }

    @inline(__always)
    subscript(_ index: Int) -> Value { base[index] }
}

extension Pinning {
    mutating func pointer<Value: BitwiseCopyable>(_ values: [Value]) -> PinnedPointer<Value> { PinnedPointer(pin(values)) }
}
