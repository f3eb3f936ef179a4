package support

// SetRecordBatch makes s claim n timers per recording transaction, so that tests can make
// two recorders interleave.
func SetRecordBatch(s *Service, n int) { s.batch = n }
