//go:build !linux

package streamfile

import "os"

// startWriteback does nothing where sync_file_range does not exist.
func startWriteback(*os.File, int64, int64) {}

// dropCached does nothing where this package does not drop cached pages.
func dropCached(*os.File, int64, int64) {}
