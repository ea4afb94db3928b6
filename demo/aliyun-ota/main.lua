--- LuatHost demo: Aliyun OTA (阿里云 OTA) of an external MCU's firmware, the shape of Luat's demo/aLiYun with aLiYunOta.
-- Run it with `luathost run demo/aliyun-ota --for 60s`: the local cloud pushes package/MCU_FIRMWARE-1.0.1.bin once the
-- device reports its version (cloud-script.json); the module downloads it, otaCb gets the file and reports the new version.

PROJECT = "ALIYUN_OTA"
VERSION = "1.0.0"

require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE

require "sys"
require "net"
net.startQueryAll(60000, 60000)

require "testALiYun"

sys.init(0, 0)
sys.run()
