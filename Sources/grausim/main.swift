import GRAUSim

#if canImport(Glibc)
  import Glibc
#endif

exit(GRAUSimCLI.main(arguments: Array(CommandLine.arguments.dropFirst())))
