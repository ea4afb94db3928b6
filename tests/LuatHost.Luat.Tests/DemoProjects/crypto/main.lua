-- Shaped like Luat's demo/crypto: main.lua declares the project, the test module runs from a timer.
PROJECT = "CRYPTO_TEST"
VERSION = "2.0.0"
require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE
require "sys"
require "testCrypto"
sys.timerStart(os.exit, 200, 0)
sys.init(0, 0)
sys.run()
