--- LuatHost demo: Aliyun IoT, 一机一密 (device secret) with HTTPS auth first (the tutorial's first flow, Luat's "old" method).
-- Same shape as Luat's demo/aLiYun main.lua: globals, log level, libraries, the test module, then the scheduler.
-- Run it with `luathost run demo/aliyun-http` (virtual Air724UG + local cloud) or add `--port COM3` for a real module.

-- PROJECT and VERSION must be set before sys.init; aLiYunOta reports PROJECT_VERSION_<core> as the version.
PROJECT = "ALIYUN"
VERSION = "2.0.0"

require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE

require "sys"
require "net"
-- Ask the module for signal and cell information once a minute.
net.startQueryAll(60000, 60000)

require "testALiYun"

sys.init(0, 0)
sys.run()
