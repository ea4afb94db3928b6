-- Shaped like Luat's demo/crypto/testCrypto.lua (each algorithm logged under "testCrypto.<name>"),
-- fed the published test vectors, so expected.txt is what the standards say, not what any host printed:
-- RFC 1321 (MD5 "abc"), FIPS 180-2 (SHA-1 / SHA-256 "abc"), RFC 2104 and RFC 2202 (HMAC-MD5 / HMAC-SHA1,
-- key "Jefe"), RFC 4231 test case 2 (HMAC-SHA256), RFC 4648 §10 (base64 "foobar"), the CRC catalogue's
-- check values for "123456789" (CRC-32 CBF43926, CRC-16/MODBUS 4B37), GB/T 32905-2016 appendix A (SM3 "abc").
module(..., package.seeall)

local JEFE, WHAT = "Jefe", "what do ya want for nothing?"
local CHECK = "123456789"

local function run()
  log.info("testCrypto.md5", crypto.md5("abc", 3))
  log.info("testCrypto.sha1", crypto.sha1("abc", 3))
  log.info("testCrypto.sha256", crypto.sha256("abc"))
  log.info("testCrypto.hmac_md5", crypto.hmac_md5(WHAT, #WHAT, JEFE, #JEFE))
  log.info("testCrypto.hmac_sha1", crypto.hmac_sha1(WHAT, #WHAT, JEFE, #JEFE))
  log.info("testCrypto.hmac_sha256", crypto.hmac_sha256(WHAT, JEFE))
  local encoded = crypto.base64_encode("foobar", 6)
  log.info("testCrypto.base64", encoded, crypto.base64_decode(encoded, #encoded))
  log.info("testCrypto.crc32", string.format("%08X", crypto.crc32(CHECK, #CHECK)))
  log.info("testCrypto.crc16_modbus", string.format("%04X", crypto.crc16_modbus(CHECK, #CHECK)))
  log.info("testCrypto.sm3", crypto.sm3("abc"))
end

sys.timerStart(run, 100)
