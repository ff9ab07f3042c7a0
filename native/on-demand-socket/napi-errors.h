// the addon's thrown errors, shaped as Node's own, shared by its three parts
#ifndef EMPEROR_NAPI_ERRORS_H
#define EMPEROR_NAPI_ERRORS_H

#include <node_api.h>
#include <uv.h>

#include <stdio.h>
#include <string.h>

// throws Error(`${syscall} ${subject}: ${strerror}`) with code (EADDRINUSE …), errno and syscall, as Node's own errors
static inline napi_value throw_errno(napi_env env, const char *syscall, const char *subject, int error) {
	char message[4096 + 128];
	snprintf(message, sizeof message, "%s %s: %s", syscall, subject, strerror(error));
	napi_value text, code, number, name, exception;
	napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
	napi_create_string_utf8(env, uv_err_name(-error), NAPI_AUTO_LENGTH, &code);
	napi_create_int32(env, -error, &number);
	napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &name);
	napi_create_error(env, code, text, &exception);
	napi_set_named_property(env, exception, "errno", number);
	napi_set_named_property(env, exception, "syscall", name);
	napi_throw(env, exception);
	return NULL;
}

// throws a TypeError naming the call as it should have been made
static inline napi_value throw_usage(napi_env env, const char *usage) {
	napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", usage);
	return NULL;
}

#endif
