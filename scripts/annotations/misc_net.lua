---@meta
misc = {}
---@return string IMEI ("" until IMEI_READY_IND)
function misc.getImei() end
---@return string SN ("" until SN_READY_IND)
function misc.getSn() end
---Stores the SN in the module (aLiYun dynamic registration keeps the DeviceSecret there).
---@param sn string @param cb? fun(ok: boolean)
function misc.setSn(sn, cb) end
---@return string
function misc.getModelType() end
---@return string
function misc.getVersion() end
---@return table
function misc.getClock() end

ril = {}
---Sends an AT command; onrsp(cmd, success, response, intermediate).
---@param cmd string @param arg? string @param onrsp? fun(cmd: string, success: boolean, response: string, intermediate: string?)
function ril.request(cmd, arg, onrsp) end
---@param prefix string @param fnc fun(data: string, prefix: string)
function ril.regUrc(prefix, fnc) end
---@param prefix string
function ril.deRegUrc(prefix) end

net = {}
---@return "INIT"|"REGISTERED"|"UNREGISTER"
function net.getState() end
---@return integer
function net.getRssi() end
---Polls AT+CSQ every csqPeriod ms (GSM_SIGNAL_REPORT_IND).
function net.startQueryAll(csqPeriod, cellPeriod) end
function net.stopQueryAll() end
---@param on boolean
function net.switchFly(on) end

link = {}
---@return boolean
function link.isReady() end
---Closes the PDP context: IP_ERROR_IND, then IP_READY_IND when it is back.
function link.shut() end

sim = {}
function sim.getIccid() end
function sim.getImsi() end
---@return boolean
function sim.getStatus() end
