{
	"targets": [
		{
			"target_name": "on_demand_socket",
			"sources": ["on-demand-socket.c"],
			"cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter"]
		}
	]
}
