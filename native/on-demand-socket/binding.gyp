{
	"targets": [
		{
			"target_name": "on_demand_socket",
			"sources": ["on-demand-socket.c", "vassal-spawn.c"],
			"cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter"]
		}
	]
}
