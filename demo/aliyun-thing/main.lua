--- LuatHost demo: Aliyun thing model (物模型, Alink JSON) by hand, as most Luat projects add it.
-- Run it with `luathost run demo/aliyun-thing --for 30s`: the device posts its properties, the local cloud checks them
-- against the thing model in cloud-registry.json and answers on post_reply; cloud-script.json sets LightSwitch once the
-- device listens, the device switches and answers set_reply. `luathost cloud property set` does the same by hand.

PROJECT = "ALIYUN_THING"
VERSION = "1.0.0"

require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE

require "sys"

require "testThing"

sys.init(0, 0)
sys.run()
