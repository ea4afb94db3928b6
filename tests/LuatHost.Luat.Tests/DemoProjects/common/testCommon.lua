-- Shaped like a Luat demo test module (each call logged under "testCommon.<name>"), run on values whose
-- answers are published, so expected.txt comes from the standards: GB 2312 code chart (中 D6D0, 文 CEC4),
-- the Unicode code charts (U+4E2D, U+6587; UCS-2 big- and little-endian), 3GPP TS 23.040 §9.1.2.3
-- semi-octets (swapped BCD digits, F filler) for numToBcdNum, and the usage lines of Luat's common.lua
-- ("+1234" → 002B0031003200330034; "0031003200330034" → "1234").
module(..., package.seeall)
require "common"
require "utils"

local function hex(s) return (s:toHex()) end

local function run()
  local s = "中文" -- this file is UTF-8
  log.info("testCommon.utf8ToGb2312", hex(common.utf8ToGb2312(s)))
  log.info("testCommon.utf8ToUcs2be", hex(common.utf8ToUcs2be(s)))
  log.info("testCommon.utf8ToUcs2", hex(common.utf8ToUcs2(s)))
  log.info("testCommon.gb2312ToUtf8", common.gb2312ToUtf8(common.utf8ToGb2312(s)) == s)
  log.info("testCommon.ucs2beToGb2312", hex(common.ucs2beToGb2312(common.utf8ToUcs2be(s))))
  local bcd = common.numToBcdNum("8618126324567")
  log.info("testCommon.numToBcdNum", hex(bcd), common.bcdNumToNum(bcd))
  log.info("testCommon.nstrToUcs2Hex", common.nstrToUcs2Hex("+1234"))
  log.info("testCommon.ucs2ToAscii", common.ucs2ToAscii("0031003200330034"))
end

sys.timerStart(run, 100)
