# Build step: turns aggregator/lua/*.lua into one C file of NUL-terminated
# byte arrays `const char zks_lua_<name>[]`, so the binaries carry their Redis
# scripts and never look for files at run time.
# Usage: cmake -DOUT=file.c "-DSCRIPTS=a.lua|b.lua" -P embed_lua.cmake
set(text "/* Generated from aggregator/lua by embed_lua.cmake: do not edit. */\n")
string(REPLACE "|" ";" SCRIPTS "${SCRIPTS}")
foreach(script ${SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  file(READ ${script} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(APPEND text "const char zks_lua_${name}[] = {${hex}0};\n")
endforeach()
file(WRITE ${OUT} "${text}")
