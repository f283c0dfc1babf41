// Package streamfile writes a long append-only stream, such as a run's
// history, to a file without letting it fill the page cache.
//
// A million-op run writes a few hundred megabytes of history that the run
// never reads back (its checks read the ops it kept in memory). Written
// through a plain *os.File, all of it stays in the page cache as dirty
// pages: the kernel has to find fresh memory for every page (slow on a
// virtual machine, where memory not touched before costs the host a fault
// per page), and the final fsync waits for all of it at once. File starts
// the writeback of what was written every few megabytes and drops what was
// written back from the page cache, the way PostgreSQL's *_flush_after
// settings and RocksDB's bytes_per_sync do, so the stream recycles a few
// megabytes of page cache and Sync has little left to wait for.
//
// Both are hints (sync_file_range and posix_fadvise on Linux; nothing on
// other systems): what is written and when it is durable is exactly what
// plain writes and Sync give.
package streamfile
