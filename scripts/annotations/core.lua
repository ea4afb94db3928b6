---@meta
rtos = {}
---@return integer|table msg, any param
function rtos.receive(timeout) end
---@return integer 1 on success
function rtos.timer_start(id, ms) end
function rtos.timer_stop(id) end
---@return integer ticks (16 per ms)
function rtos.tick() end
---@return string core version, e.g. Luat_V0037_RDA8910_FLOAT
function rtos.get_version() end
function rtos.poweron_reason() end
function rtos.restart() end

crypto = {}
---@return string uppercase hex
function crypto.md5(data, len) end
---@return string uppercase hex
function crypto.sha1(data, len) end
---@return string uppercase hex
function crypto.sha256(data, len) end
---@return string uppercase hex
function crypto.hmac_md5(data, len, key, keylen) end
---@return string uppercase hex
function crypto.hmac_sha1(data, len, key, keylen) end
---@return string uppercase hex
function crypto.hmac_sha256(data, len, key, keylen) end
function crypto.base64_encode(data, len) end
function crypto.base64_decode(data, len) end
function crypto.crc16(method, data, ...) end
function crypto.crc32(data, len) end
function crypto.crc8(data, len) end
function crypto.aes_encrypt(mode, padding, data, key, iv) end
function crypto.aes_decrypt(mode, padding, data, key, iv) end
function crypto.flow_md5() end

json = {}
json.null = nil ---@type lightuserdata
function json.encode(value) end
---@return any value, boolean ok, string? err
function json.decode(text) end

pack = {}
function pack.pack(format, ...) end
---@return integer nextpos, ...
function pack.unpack(data, format, init) end

bit = {}
function bit.band(...) end
function bit.bor(...) end
function bit.bxor(...) end
function bit.bnot(x) end
function bit.lshift(x, n) end
function bit.rshift(x, n) end
function bit.arshift(x, n) end
function bit.bit(n) end
function bit.isset(x, n) end
function bit.isclear(x, n) end
