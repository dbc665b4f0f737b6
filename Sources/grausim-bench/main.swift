import GRAUSim

print("benchmarks: none yet")
