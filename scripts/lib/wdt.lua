--- wdt: the external hardware watchdog's module (lib/wdt.lua of Luat's V2.4.0 script library). For the RDA8910 it
-- is an empty module, so `require "wdt"` succeeds and defines no functions, as on the module.
module(..., package.seeall)
