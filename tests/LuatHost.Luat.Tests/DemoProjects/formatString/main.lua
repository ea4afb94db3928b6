-- Shaped like Luat's demo/formatString: main.lua declares the project, the test module runs from a timer.
PROJECT = "FORMAT_STRING"
VERSION = "2.0.0"
require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE
require "sys"
require "testFormatString"
sys.timerStart(os.exit, 200, 0)
sys.init(0, 0)
sys.run()
