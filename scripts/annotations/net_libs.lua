---@meta
socket = {}
---@return boolean ready the data bearer is up (= link.isReady)
function socket.isReady() end
---A TCP client (inside a task). cert = {caCert=, clientCert=, clientKey=, clientPassword=} file names.
---@param ssl? boolean @param cert? table
---@return SocketClient|nil
function socket.tcp(ssl, cert) end
---@return SocketClient|nil
function socket.udp() end

---@class SocketClient
local SocketClient = {}
---@param address string @param port integer|string @param timeout? integer seconds (120)
---@return boolean ok @return integer? id
function SocketClient:connect(address, port, timeout) end
---Sends everything (in 11200-byte pieces); false when the link is closed.
---@param data string @param timeout? integer seconds (120)
---@return boolean
function SocketClient:send(data, timeout) end
---true, data | false, "timeout" | false, msg, data (sys.publish(msg, data) interrupted) | false, "CLOSED" | false, "IP_ERROR_IND"
---@param timeout? integer ms @param msg? string @param msgNoResume? boolean
---@return boolean ok @return string? data @return string? param
function SocketClient:recv(timeout, msg, msgNoResume) end
---@param keepAlive? integer seconds @param pingreq? string|function
---@return boolean
function SocketClient:asyncSelect(keepAlive, pingreq) end
---@param data string @param timeout? integer
---@return boolean
function SocketClient:asyncSend(data, timeout) end
---@return string data ("" when nothing arrived)
function SocketClient:asyncRecv() end
---@return integer pending
function SocketClient:getAsyncSend() end
---@param rcvCbFnc fun(readFnc: fun(): string, socketIndex: integer, len: integer)
function SocketClient:setRcvProc(rcvCbFnc) end
function SocketClient:close() end

http = {}
---Runs in its own task; cbFnc(result, prompt, head, body): prompt is the status code as a string ("200") on success,
---else the error text ("connect fail", "network not ready", "Invalid url, can't get host"); body is the file path when
---rcvFileName is a string. rcvFileName may be a function(data, totalLen, statusCode) that receives the body in chunks.
---@param method "GET"|"POST"|"HEAD" @param url string @param cert? table @param head? table<string,string>
---@param body? string|table @param timeout? integer ms (30000)
---@param cbFnc? fun(result: boolean, prompt: string, head: table?, body: string?)
---@param rcvFileName? string|fun(data: string, totalLen: integer, statusCode: string): boolean?
---@return string|nil rcvFileName
function http.request(method, url, cert, head, body, timeout, cbFnc, rcvFileName) end

mqtt = {}
---An MQTT client (not connected yet). will = {qos=, retain=, topic=, payload=}; version "3.1.1" or "3.1".
---@param clientId string @param keepAlive? integer seconds (300) @param username? string @param password? string
---@param cleanSession? integer 1|0 (1) @param will? table @param version? string
---@return MqttClient
function mqtt.client(clientId, keepAlive, username, password, cleanSession, will, version) end

---@class MqttPacket
---@field id integer 3 (PUBLISH) @field topic string @field payload string @field qos integer
---@field retain integer @field dup integer @field packetId integer|nil (QoS 1/2 only)

---@class MqttClient
local MqttClient = {}
---true | false (no link: unknown host, refused, TLS failure, not ready) | false, rc (CONNACK rc, 4 = bad user/password)
---@param host string @param port integer|string @param transport? "tcp"|"tcp_ssl" @param cert? table
---@param timeout? integer seconds
---@return boolean ok @return integer? rc
function MqttClient:connect(host, port, transport, cert, timeout) end
---subscribe("/t", 1) or subscribe({["/t1"] = 0, ["/t2"] = 1}); false when SUBACK refuses one (0x80).
---@param topic string|table<string,integer> @param qos? integer
---@return boolean
function MqttClient:subscribe(topic, qos) end
---@param topic string|string[]
---@return boolean
function MqttClient:unsubscribe(topic) end
---QoS 1 returns after PUBACK, QoS 2 after PUBCOMP.
---@param topic string @param payload string @param qos? integer 0|1|2 @param retain? integer 0|1
---@return boolean
function MqttClient:publish(topic, payload, qos, retain) end
---true, packet | false, "timeout" | false, msg, data (sys.publish(msg, data) woke it) | false, "CLOSED"
---@param timeout integer ms @param msg? string
---@return boolean ok @return MqttPacket|string|nil data @return any param
function MqttClient:receive(timeout, msg) end
function MqttClient:disconnect() end

---Short messages in PDU mode (docs/luat-lib.md §3.18). Texts are GB2312, as in Luat.
sms = {}
---Sends `data`; cbFnc(result, num, data) reports it. Returns true when sending starts now (else it waits in a queue of 10).
---@param num string @param data string GB2312 @param cbFnc? fun(result: boolean, num: string, data: string) @param idx? integer
---@return boolean|nil
function sms.send(num, data, cbFnc, idx) end
---cbFnc(num, data, datetime) for each message received: num without a leading 86, data GB2312, "yy/MM/dd,hh:mm:ss+zz".
---@param cbFnc fun(num: string, data: string, datetime: string)
function sms.setNewSmsCb(cbFnc) end
---@param pos integer SIM slot @return boolean
function sms.read(pos) end
---@param pos integer SIM slot @return boolean
function sms.delete(pos) end
---@return boolean ready
function sms.getsmsstate() end
---@param data string hex @param longsms? boolean @return string ucs2hex @return integer count
function sms.gsm7bitdecode(data, longsms) end
---@param data string hex @return string ucs2hex @return integer count
function sms.gsm8bitdecode(data) end

---A GPS receiver on a UART speaking NMEA (docs/luat-lib.md §3.19); wire it with --uart 2=PORT.
gps = {}
gps.DEFAULT, gps.TIMERORSUC, gps.TIMER = 1, 2, 3
---@param mode integer gps.DEFAULT|gps.TIMERORSUC|gps.TIMER @param para {tag: string, val?: integer, cb?: fun(tag: string)}
function gps.open(mode, para) end
---@param mode integer @param para {tag: string}
function gps.close(mode, para) end
function gps.closeAll() end
---@return boolean
function gps.isFix() end
---@return boolean
function gps.isOpen() end
---@param typ? "DEGREE_MINUTE"
---@return {lngType: string, lng: string, latType: string, lat: string}
function gps.getLocation(typ) end
---@return integer kmh @return integer knots
function gps.getSpeed() end
---@return integer
function gps.getAltitude() end
---@return integer
function gps.getCourse() end
---@return integer
function gps.getViewedSateCnt() end
---@return integer
function gps.getUsedSateCnt() end
---@param id integer @param baudrate integer @param databits integer @param parity integer @param stopbits integer
function gps.setUart(id, baudrate, databits, parity, stopbits) end
---@param mode integer 0 library only, 1 callback only, 2 both @param cbFnc? fun(line: string)
function gps.setNmeaMode(mode, cbFnc) end

---The SIM phonebook (docs/luat-lib.md §3.20).
pb = {}
---@param storage "SM"|"FD" @param cb? fun(result: boolean)
function pb.setStorage(storage, cb) end
---@param index integer @param cb? fun(result: boolean, name: string, number: string)
function pb.read(index, cb) end
---@param index integer @param name string @param number string @param cb? fun(result: boolean) @return boolean
function pb.write(index, name, number, cb) end
---@param index integer @param cb? fun(result: boolean) @return boolean
function pb.delete(index, cb) end

---Position from the serving cell, asked of openLuat's location service (docs/luat-lib.md §3.21).
lbsLoc = {}
---cbFnc(result, lat, lng, addr, time, locType): result 0 found, 1 no network, 2 no connection, 3 send failed,
---4 no answer, 5 nothing found, 6 no socket; lat/lng "ddd.ddddddd"; time 6 bytes.
---@param cbFnc fun(result: integer, lat?: string, lng?: string, addr?: string, time?: string, locType?: integer)
---@param reqAddr? boolean @param timeout? integer ms @param productKey? string @param host? string @param port? string
---@param reqTime? boolean @param reqWifi? table<string, integer>
function lbsLoc.request(cbFnc, reqAddr, timeout, productKey, host, port, reqTime, reqWifi) end

---Assisted GPS for the Air530 (docs/luat-lib.md §3.22): starts when loaded.
agps = {}
function agps.init() end
function agps.unInit() end
---@return integer 1 once a cell position came, else 0
function agps.isgetloc() end

---Playing clips and speech (docs/luat-lib.md §3.23); silent on the PC, timed as on a module.
audio = {}
---cbFnc(result): 0 ended, 1 error, 2 refused (priority), 4 cut short by a newer request, 5 stopped.
---@param priority integer higher ends what plays @param type "FILE"|"TTS"|"TTSCC"|"RECORD" @param path string|string[] device path(s), or UTF-8 text
---@param vol? integer 0–7 @param cbFnc? fun(result: integer) @param dup? boolean repeat @param dupInterval? integer ms between repeats
---@return boolean
function audio.play(priority, type, path, vol, cbFnc, dup, dupInterval) end
---@param cbFnc? fun(result: integer)
function audio.stop(cbFnc) end
---@param vol integer 0–7 @return boolean
function audio.setVolume(vol) end
---@return integer
function audio.getVolume() end
---@param vol integer @return boolean
function audio.setCallVolume(vol) end
---@return integer
function audio.getCallVolume() end
---@param vol integer @return boolean
function audio.setMicVolume(vol) end
---@return integer
function audio.getMicVolume() end
---@param mode string "record"|"call" @param level integer
function audio.setMicGain(mode, level) end
---@param strategy integer 0 keeps playing on an equal priority, 1 plays the new request
function audio.setStrategy(strategy) end
---@param speed integer 0–100 @return boolean|nil
function audio.setTTSSpeed(speed) end
---@param output? integer @param input? integer
function audio.setChannel(output, input) end

---Recording (docs/luat-lib.md §3.24); the PC records silence of the asked length.
record = {}
---FILE: cbFnc(result, size); STREAM: cbFnc(result, bytesWaiting, "STREAM") then cbFnc(result, 0, "END").
---@param seconds integer @param cbFnc? fun(result: boolean|nil, size: integer|nil, tag: string|nil) @param type? "FILE"|"STREAM"
---@param quality? integer 0–3 @param rcdType? integer @param format? integer 1 pcm, 2 wav, 3 amrnb, 4 speex @param streamRptLen? integer
---@return boolean
function record.start(seconds, cbFnc, type, quality, rcdType, format, streamRptLen) end
---@param cbFnc? fun(result: integer)
function record.stop(cbFnc) end
---@return string
function record.getFilePath() end
---@param offset integer @param len integer @return string
function record.getData(offset, len) end
---@return integer bytes @return integer seconds
function record.getSize() end
function record.delete() end
---@return boolean
function record.exists() end
---@return boolean
function record.isBusy() end

---Voice calls (docs/luat-lib.md §3.25): CALL_INCOMING(num), CALL_CONNECTED(num), CALL_DISCONNECTED(reason).
cc = {}
cc.CONNECTED, cc.HOLD, cc.DIALING, cc.ALERTING, cc.INCOMING, cc.WAITING = 0, 1, 2, 3, 4, 5
cc.DISCONNECTING, cc.DISCONNECTED = 98, 99
---@param num string @param delay? integer ms @return boolean
function cc.dial(num, delay) end
---@param num string
function cc.accept(num) end
---@param num string
function cc.hangUp(num) end
---@param num string @return integer
function cc.getState(num) end
---@return boolean
function cc.anyCallExist() end
---@param str string 0–9, A–D, *, # @param playtime? integer @param intvl? integer @return boolean
function cc.sendDtmf(str, playtime, intvl) end
---@param enable boolean @param sens? integer
function cc.dtmfDetect(enable, sens) end
---@param data string 12.2 kbit/s AMR @param loop? boolean @param downLinkPlay? boolean @return boolean
function cc.transVoice(data, loop, downLinkPlay) end

---The access points around the module (docs/luat-lib.md §3.26); on the PC a scan hears none.
wifiScan = {}
---cbFnc(true, count, {[mac] = rssi}) when heard, cbFnc(false, 0) when none, cbFnc(false) on timeout.
---@param cbFnc fun(result: boolean, cnt?: integer, info?: table<string, integer>) @param timeout? integer ms
function wifiScan.request(cbFnc, timeout) end

---openLuat's remote upgrade service (docs/luat-lib.md §3.27); needs PRODUCT_KEY.
update = {}
---cbFnc(ok) when done (without it a package restarts the script, as a module would).
---@param cbFnc? fun(ok: boolean) @param url? string @param period? integer ms between requests @param redir? boolean
function update.request(cbFnc, url, period, redir) end
---@param fn fun(): string the IMEI to ask with
function update.setGetImeiCbFnc(fn) end
