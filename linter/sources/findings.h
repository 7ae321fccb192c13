// What the sources say about inputs: every finding kind raised under
// sources/, with its help text. Raised through base::finding(kKind, ...).
#pragma once

#include <array>

#include "base/catalogue.h"

namespace wasmsize::sources {

using base::FindingKind;
using model::Severity;

inline constexpr FindingKind kMalformedArchive{
    "input.malformed-archive", Severity::kError,
    "A wheel or zip that is not a readable zip archive."};
inline constexpr FindingKind kUnsafePath{
    "input.unsafe-path", Severity::kError,
    "An archive entry with an absolute path or a '..' component."};
inline constexpr FindingKind kDuplicateEntry{"input.duplicate-entry", Severity::kError,
                                             "An archive entry name that appears more than once."};
inline constexpr FindingKind kCaseCollision{
    "input.case-collision", Severity::kWarning,
    "Two archive entries whose names differ only in letter case."};
inline constexpr FindingKind kUnicodeCollision{
    "input.unicode-collision", Severity::kWarning,
    "Two archive entries whose names differ only in Unicode normalization (NFC/NFD) or "
    "non-ASCII letter case."};
inline constexpr FindingKind kOverlappingEntries{
    "input.overlapping-entries", Severity::kError,
    "Archive entries whose stored bytes overlap (a zip bomb layout); they are not read."};
inline constexpr FindingKind kHeaderMismatch{
    "input.header-mismatch", Severity::kError,
    "An entry whose local header names another file than the central directory."};
inline constexpr FindingKind kAmbiguousArchive{
    "input.ambiguous-archive", Severity::kError,
    "An archive that two zip readers (libzip and a plain central-directory walk) read "
    "differently."};
inline constexpr FindingKind kEncryptedEntry{"input.encrypted-entry", Severity::kError,
                                             "An encrypted archive entry."};
inline constexpr FindingKind kSizeMismatch{
    "input.size-mismatch", Severity::kError,
    "An entry that inflates to another size than it declares."};
inline constexpr FindingKind kCorruptEntry{"input.corrupt-entry", Severity::kError,
                                           "An entry that cannot be inflated."};
inline constexpr FindingKind kInflateLimit{
    "input.inflate-limit", Severity::kError,
    "An entry over the size, ratio (zip bomb) or total inflate limits."};
inline constexpr FindingKind kNestedArchive{
    "input.nested-archive", Severity::kWarning,
    "An archive inside an archive: counted as one file, its modules are not measured."};
inline constexpr FindingKind kMissingEntry{
    "input.missing-entry", Severity::kError,
    "An archive member named on the command line that the archive does not hold."};
inline constexpr FindingKind kNotWasm{"input.not-wasm", Severity::kWarning,
                                      "A .wasm or .so input file that is not WebAssembly."};
inline constexpr FindingKind kUnreadable{"input.unreadable", Severity::kError,
                                         "An input that cannot be read."};
inline constexpr FindingKind kMalformedLock{
    "input.malformed-lock", Severity::kError,
    "A pyodide-lock.json that does not read as a distribution: not JSON, or a field of the "
    "wrong type."};
inline constexpr FindingKind kMissingPackage{
    "input.missing-package", Severity::kWarning,
    "Packages of a distribution's lock whose files are not beside it: the closures that reach "
    "them are incomplete, never smaller."};
inline constexpr FindingKind kSha256Mismatch{
    "input.sha256-mismatch", Severity::kError,
    "A distribution's file whose SHA-256 differs from the one its lock records."};
inline constexpr FindingKind kDuplicatePackage{
    "input.duplicate-package", Severity::kError,
    "Packages of a lock whose names are one name to pip (PEP 503: case, '-', '_', '.'): the "
    "first is read, the others are not."};
inline constexpr FindingKind kNotInLock{
    "input.not-in-lock", Severity::kWarning,
    "Wheels and modules beside a pyodide-lock.json that it does not list: measured as artifacts "
    "of their own, outside every closure."};
inline constexpr FindingKind kSkippedFile{
    "input.skipped-file", Severity::kWarning,
    "A file a folder walk found and did not read (not a regular file: a FIFO, a socket, a "
    "device, a broken link), named with why."};
inline constexpr FindingKind kTrailingData{
    "input.trailing-data", Severity::kWarning,
    "Bytes after the end of a gzip stream that are not another gzip member: not measured."};

// Every kind above; tests/report/catalogue_test.cpp checks that none is
// left out of this list.
inline constexpr std::array kFindingKinds = {
    kMalformedArchive,   kUnsafePath,     kDuplicateEntry,   kCaseCollision,  kUnicodeCollision,
    kOverlappingEntries, kHeaderMismatch, kAmbiguousArchive, kEncryptedEntry, kSizeMismatch,
    kCorruptEntry,       kInflateLimit,   kNestedArchive,    kMissingEntry,   kNotWasm,
    kUnreadable,         kMalformedLock,  kMissingPackage,   kSha256Mismatch, kDuplicatePackage,
    kNotInLock,          kSkippedFile,    kTrailingData};

}  // namespace wasmsize::sources
