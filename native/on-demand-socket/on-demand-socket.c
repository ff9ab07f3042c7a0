// on-demand sockets for the emperor: a listening socket Node does not accept on, watched for a pending
// connection through libuv's poll, and handed to a vassal as a plain fd (see docs/on-demand.md)
#define NAPI_VERSION 8
#include <node_api.h>
#include <uv.h>

#include "napi-errors.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <stddef.h>
#include <sys/un.h>
#include <unistd.h>

// the vassal spawn (vassal-spawn.c) adds its functions to the exports
void define_vassal_spawn(napi_env env, napi_value exports);
void define_directory_scan(napi_env env, napi_value exports);

#define MAX_TEXT 512

static int read_args(napi_env env, napi_callback_info info, size_t count, napi_value *args) {
	size_t given = count;
	return napi_get_cb_info(env, info, &given, args, NULL, NULL) == napi_ok && given >= count;
}

static int read_text(napi_env env, napi_value value, char *buffer, size_t size) {
	size_t length;
	if (napi_get_value_string_utf8(env, value, buffer, size, &length) != napi_ok) return 0;
	return length < size - 1;
}

static int read_int(napi_env env, napi_value value, int32_t *result) {
	return napi_get_value_int32(env, value, result) == napi_ok;
}

static napi_value make_int(napi_env env, int value) {
	napi_value result;
	napi_create_int32(env, value, &result);
	return result;
}

// the arguments both listen functions take: (text, number, number)
static int read_listen_args(napi_env env, napi_callback_info info, char *text, size_t size, int32_t *first, int32_t *second) {
	napi_value args[3];
	return read_args(env, info, 3, args) && read_text(env, args[0], text, size) && read_int(env, args[1], first) && read_int(env, args[2], second);
}

// closes fd keeping errno of the failure that made us give up
static napi_value fail_and_close(napi_env env, int fd, const char *syscall, const char *subject) {
	int error = errno;
	close(fd);
	return throw_errno(env, syscall, subject, error);
}

// listenUnix(path, mode, backlog): unlink, bind, chmod, listen, as uWSGI's on_demand_bind; returns the fd
static napi_value listen_unix(napi_env env, napi_callback_info info) {
	char path[MAX_TEXT];
	int32_t mode, backlog;
	if (!read_listen_args(env, info, path, sizeof path, &mode, &backlog)) return throw_usage(env, "listenUnix(path: string, mode: number, backlog: number)");
	struct sockaddr_un address = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof address.sun_path) return throw_errno(env, "bind", path, ENAMETOOLONG);
	strcpy(address.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) return throw_errno(env, "socket", path, errno);
	if (unlink(path) != 0 && errno != ENOENT) return fail_and_close(env, fd, "unlink", path);
	if (bind(fd, (struct sockaddr *) &address, sizeof address) != 0) return fail_and_close(env, fd, "bind", path);
	if (chmod(path, (mode_t) mode) != 0) return fail_and_close(env, fd, "chmod", path);
	if (listen(fd, backlog) != 0) return fail_and_close(env, fd, "listen", path);
	return make_int(env, fd);
}

// listenTcp(host, port, backlog): an IPv4 or IPv6 literal ('' = every interface) with SO_REUSEADDR; returns the fd
static napi_value listen_tcp(napi_env env, napi_callback_info info) {
	char host[MAX_TEXT];
	int32_t port, backlog;
	if (!read_listen_args(env, info, host, sizeof host, &port, &backlog)) return throw_usage(env, "listenTcp(host: string, port: number, backlog: number)");
	struct sockaddr_storage address;
	memset(&address, 0, sizeof address);
	socklen_t length;
	int family = strchr(host, ':') != NULL ? AF_INET6 : AF_INET;
	if (family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &address;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t) port);
		if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1) return throw_errno(env, "inet_pton", host, EINVAL);
		length = sizeof *in6;
	} else {
		struct sockaddr_in *in4 = (struct sockaddr_in *) &address;
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t) port);
		if (host[0] == 0) in4->sin_addr.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, host, &in4->sin_addr) != 1) return throw_errno(env, "inet_pton", host, EINVAL);
		length = sizeof *in4;
	}
	char subject[MAX_TEXT + 16];
	snprintf(subject, sizeof subject, "%s:%d", host, port);
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) return throw_errno(env, "socket", subject, errno);
	int yes = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) != 0) return fail_and_close(env, fd, "setsockopt", subject);
	if (bind(fd, (struct sockaddr *) &address, length) != 0) return fail_and_close(env, fd, "bind", subject);
	if (listen(fd, backlog) != 0) return fail_and_close(env, fd, "listen", subject);
	return make_int(env, fd);
}

// closeFd(fd): the emperor's copy only; a vassal that inherited the socket keeps its own
static napi_value close_fd(napi_env env, napi_callback_info info) {
	napi_value args[1];
	int32_t fd;
	if (!read_args(env, info, 1, args) || !read_int(env, args[0], &fd)) return throw_usage(env, "closeFd(fd: number)");
	if (close(fd) != 0 && errno != EINTR) return throw_errno(env, "close", "on-demand socket", errno);
	return NULL;
}

// one wait for a pending connection; freed once both the JS handle and the uv handle let go of it
typedef struct {
	uv_poll_t poll;
	napi_env env;
	napi_ref callback;
	napi_async_context context;
	int is_closing;
	int holders;
} watch_t;

static void release(watch_t *watch) {
	if (--watch->holders == 0) free(watch);
}

static void on_poll_closed(uv_handle_t *handle) {
	release((watch_t *) handle->data);
}

// stops polling; the memory goes once libuv closed the handle and JS dropped its handle
static void stop_polling(watch_t *watch) {
	watch->is_closing = 1;
	uv_poll_stop(&watch->poll);
	uv_close((uv_handle_t *) &watch->poll, on_poll_closed);
}

static void drop_callback(watch_t *watch) {
	napi_delete_reference(watch->env, watch->callback);
	napi_async_destroy(watch->env, watch->context);
}

// a connection is pending: the watch ends (one shot, so the callback may watch the fd again), then the callback
// runs through napi_make_callback, so that microtasks and nextTicks it queues run after it
static void on_readable(uv_poll_t *handle, int status, int events) {
	watch_t *watch = handle->data;
	if (watch->is_closing) return;
	napi_env env = watch->env;
	napi_handle_scope scope;
	napi_open_handle_scope(env, &scope);
	napi_value callback, receiver, result;
	napi_get_reference_value(env, watch->callback, &callback);
	napi_get_global(env, &receiver);
	stop_polling(watch);
	napi_status called = napi_make_callback(env, watch->context, receiver, callback, 0, NULL, &result);
	drop_callback(watch);
	if (called == napi_pending_exception) {
		napi_value exception;
		napi_get_and_clear_last_exception(env, &exception);
		napi_fatal_exception(env, exception);
	}
	napi_close_handle_scope(env, scope);
}

static void finalize_watch(napi_env env, void *data, void *hint) {
	release((watch_t *) data);
}

// watchReadable(fd, callback): calls back once, when a connection is pending; returns a handle for unwatch
static napi_value watch_readable(napi_env env, napi_callback_info info) {
	napi_value args[2];
	int32_t fd;
	napi_valuetype type;
	if (!read_args(env, info, 2, args) || !read_int(env, args[0], &fd) || napi_typeof(env, args[1], &type) != napi_ok || type != napi_function) {
		return throw_usage(env, "watchReadable(fd: number, callback: () => void)");
	}
	uv_loop_t *loop;
	napi_get_uv_event_loop(env, &loop);
	watch_t *watch = calloc(1, sizeof *watch);
	if (watch == NULL) return throw_errno(env, "calloc", "watch", ENOMEM);
	int error = uv_poll_init_socket(loop, &watch->poll, fd);
	if (error != 0) {
		free(watch);
		return throw_errno(env, "uv_poll_init", "on-demand socket", -error);
	}
	watch->poll.data = watch;
	watch->env = env;
	watch->holders = 2;
	napi_value name, handle;
	napi_create_string_utf8(env, "emperor:on-demand-socket", NAPI_AUTO_LENGTH, &name);
	napi_create_reference(env, args[1], 1, &watch->callback);
	napi_async_init(env, NULL, name, &watch->context);
	error = uv_poll_start(&watch->poll, UV_READABLE, on_readable);
	if (error != 0) {
		stop_polling(watch);
		drop_callback(watch);
		release(watch);
		return throw_errno(env, "uv_poll_start", "on-demand socket", -error);
	}
	napi_create_external(env, watch, finalize_watch, NULL, &handle);
	return handle;
}

// unwatch(handle): stops a watch that has not fired; nothing after it fired
static napi_value unwatch(napi_env env, napi_callback_info info) {
	napi_value args[1];
	watch_t *watch;
	if (!read_args(env, info, 1, args) || napi_get_value_external(env, args[0], (void **) &watch) != napi_ok) {
		return throw_usage(env, "unwatch(handle: the value watchReadable returned)");
	}
	if (!watch->is_closing) {
		stop_polling(watch);
		drop_callback(watch);
	}
	return NULL;
}

static void set_text(napi_env env, napi_value object, const char *key, const char *text) {
	napi_value value;
	napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &value);
	napi_set_named_property(env, object, key, value);
}

static void set_int(napi_env env, napi_value object, const char *key, int number) {
	napi_set_named_property(env, object, key, make_int(env, number));
}

// adoptFd(fd): a descriptor another process passed (systemd's LISTEN_FDS): marks it close-on-exec and describes it
// as {kind: 'unix'|'tcp'|'other', path | host and port, isStream, isListening}; throws for a closed fd
static napi_value adopt_fd(napi_env env, napi_callback_info info) {
	napi_value args[1];
	int32_t fd;
	if (!read_args(env, info, 1, args) || !read_int(env, args[0], &fd)) return throw_usage(env, "adoptFd(fd: number)");
	int flags = fcntl(fd, F_GETFD);
	if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) != 0) return throw_errno(env, "fcntl", "passed fd", errno);
	napi_value result;
	napi_create_object(env, &result);
	int type = 0, listening = 0;
	socklen_t size = sizeof type;
	int is_socket = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0;
	size = sizeof listening;
	if (is_socket && getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0) listening = 0;
	napi_value yes_or_no;
	napi_get_boolean(env, is_socket && type == SOCK_STREAM, &yes_or_no);
	napi_set_named_property(env, result, "isStream", yes_or_no);
	napi_get_boolean(env, listening != 0, &yes_or_no);
	napi_set_named_property(env, result, "isListening", yes_or_no);
	struct sockaddr_storage address;
	socklen_t length = sizeof address;
	memset(&address, 0, sizeof address);
	char text[INET6_ADDRSTRLEN];
	if (!is_socket || getsockname(fd, (struct sockaddr *) &address, &length) != 0) {
		set_text(env, result, "kind", "other");
	} else if (address.ss_family == AF_UNIX) {
		struct sockaddr_un *un = (struct sockaddr_un *) &address;
		size_t path_length = length > offsetof(struct sockaddr_un, sun_path) ? length - offsetof(struct sockaddr_un, sun_path) : 0;
		// an abstract socket starts with a NUL: shown as @name, as uWSGI writes it
		if (path_length > 0 && un->sun_path[0] == 0) un->sun_path[0] = '@';
		if (path_length >= sizeof un->sun_path) path_length = sizeof un->sun_path - 1;
		un->sun_path[path_length] = 0;
		set_text(env, result, "kind", "unix");
		set_text(env, result, "path", un->sun_path);
	} else if (address.ss_family == AF_INET || address.ss_family == AF_INET6) {
		int is_four = address.ss_family == AF_INET;
		struct sockaddr_in *in4 = (struct sockaddr_in *) &address;
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &address;
		inet_ntop(address.ss_family, is_four ? (void *) &in4->sin_addr : (void *) &in6->sin6_addr, text, sizeof text);
		set_text(env, result, "kind", "tcp");
		set_text(env, result, "host", text);
		set_int(env, result, "port", ntohs(is_four ? in4->sin_port : in6->sin6_port));
	} else {
		set_text(env, result, "kind", "other");
	}
	return result;
}

static napi_value init(napi_env env, napi_value exports) {
	napi_property_descriptor properties[] = {
		{"listenUnix", NULL, listen_unix, NULL, NULL, NULL, napi_enumerable, NULL},
		{"listenTcp", NULL, listen_tcp, NULL, NULL, NULL, napi_enumerable, NULL},
		{"closeFd", NULL, close_fd, NULL, NULL, NULL, napi_enumerable, NULL},
		{"watchReadable", NULL, watch_readable, NULL, NULL, NULL, napi_enumerable, NULL},
		{"unwatch", NULL, unwatch, NULL, NULL, NULL, napi_enumerable, NULL},
		{"adoptFd", NULL, adopt_fd, NULL, NULL, NULL, napi_enumerable, NULL},
	};
	napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
	define_vassal_spawn(env, exports);
	define_directory_scan(env, exports);
	return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
