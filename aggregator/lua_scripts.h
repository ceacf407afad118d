/* The Redis Lua scripts of the pair layout (the .lua files in aggregator/lua), embedded at build time. */
#ifndef ZKS_AGGREGATOR_LUA_SCRIPTS_H
#define ZKS_AGGREGATOR_LUA_SCRIPTS_H

extern const char zks_lua_add_trace[];
extern const char zks_lua_seal_batch[];
extern const char zks_lua_read_pending[];
extern const char zks_lua_mark_announced[];
extern const char zks_lua_mark_proved[];

#endif
