#ifndef LIBFUZZER_MAIN_H
#define LIBFUZZER_MAIN_H

/// Runs libFuzzer's driver (command line `argv`) on the executable's
/// `LLVMFuzzerTestOneInput`. SwiftPM gives every executable its own `main`,
/// so libFuzzer's is not linked: the Swift `main` calls this instead.
int libFuzzerMain(int argc, char **argv);

#endif
