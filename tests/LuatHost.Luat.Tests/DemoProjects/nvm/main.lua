-- Shaped like Luat's demo/nvm: main.lua declares the project, the test module runs from a timer.
PROJECT = "NVM"
VERSION = "2.0.0"
require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE
require "sys"
require "testNvm"
sys.timerStart(os.exit, 300, 0)
sys.init(0, 0)
sys.run()
