{
	"targets": [
		{
			"target_name": "on_demand_socket",
			"sources": ["on-demand-socket.c", "vassal-spawn.c", "directory-scan.c"],
			"cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter"]
		}
	]
}
