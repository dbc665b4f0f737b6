// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .treatAllWarnings(as: .error),
  .enableUpcomingFeature("ExistentialAny"),
]

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
