-- Shaped like Luat's demo/json: main.lua declares the project, the test module runs from a timer.
PROJECT = "JSON"
VERSION = "2.0.0"
require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE
require "sys"
require "testJson"
sys.timerStart(os.exit, 200, 0)
sys.init(0, 0)
sys.run()
