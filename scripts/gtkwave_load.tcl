# Run by scripts/gtkwave_load.sh inside `gtkwave -S`: list what GTKWave actually displays after loading the
# VCD and the .gtkw save file, then quit. Each line is prefixed so the shell can tell it from GTKWave's own output.
puts "GRAUSIM_TABS [gtkwave::getNumTabs]"
puts "GRAUSIM_TRACES [gtkwave::getTotalNumTraces]"
foreach s [gtkwave::getDisplayedSignals] {
  puts "GRAUSIM_SIGNAL $s"
}
puts "GRAUSIM_WINDOW [gtkwave::getWindowStartTime] [gtkwave::getWindowEndTime]"
puts "GRAUSIM_DONE"
gtkwave::/File/Quit
