// swift-tools-version:6.2
import PackageDescription

// The x86-64-v2 baseline (Nehalem, 2008, and every later x86-64 CPU): above all a hardware `popcnt` for the
// toggle counts, which baseline x86-64 lacks (docs/performance.md, "Build baseline").
#if arch(x86_64)
  let cpu: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "nehalem"])]
#else
  let cpu: [SwiftSetting] = []
#endif

let strict: [SwiftSetting] =
  [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
  ] + cpu

let package = Package(
  name: "grausim",
  products: [
    .library(name: "GRAUSim", targets: ["GRAUSim"]),
    .executable(name: "grausim", targets: ["grausim"]),
    .executable(name: "grausim-bench", targets: ["grausim-bench"]),
  ],
  targets: [
    .target(name: "GRAUSim", swiftSettings: strict),
    .executableTarget(name: "grausim", dependencies: ["GRAUSim"], swiftSettings: strict),
    .executableTarget(name: "grausim-bench", dependencies: ["GRAUSim"], swiftSettings: strict),
    .testTarget(
      name: "GRAUSimTests",
      dependencies: ["GRAUSim"],
      exclude: ["Golden"],
      swiftSettings: strict
    ),
  ]
)
