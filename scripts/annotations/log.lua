---@meta
---Prints `[I]-[tag]<TAB>args…` when global LOG_LEVEL allows it.
log = {}
log.LOG_SILENT, log.LOGLEVEL_TRACE, log.LOGLEVEL_DEBUG, log.LOGLEVEL_INFO = 0, 1, 2, 3
log.LOGLEVEL_WARN, log.LOGLEVEL_ERROR, log.LOGLEVEL_FATAL = 4, 5, 6
---@param tag string
function log.trace(tag, ...) end
---@param tag string
function log.debug(tag, ...) end
---@param tag string
function log.info(tag, ...) end
---@param tag string
function log.warn(tag, ...) end
---@param tag string
function log.error(tag, ...) end
---@param tag string
function log.fatal(tag, ...) end
