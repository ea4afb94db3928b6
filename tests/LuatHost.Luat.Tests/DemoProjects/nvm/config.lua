-- Default parameters, as Luat's demo/nvm/config.lua declares them.
module(...)
strPara = "str1"
numPara = 1
boolPara = false
tablePara = {"item1", "item2"}
