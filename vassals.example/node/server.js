// a Node.js HTTP server that takes its socket the systemd way (fd 3 with LISTEN_FDS) when the emperor holds it,
// or listens on PORT; SIGTERM stops it gracefully: connections already accepted are answered, then it exits
const http = require('node:http');
const net = require('node:net');

const server = http.createServer((request, response) => {
	const body = JSON.stringify({app: 'node', pid: process.pid, version: process.env.APP_VERSION ?? '1', path: request.url});
	response.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)});
	response.end(body);
});

const inherited = process.env.LISTEN_FDS === '1' && process.env.LISTEN_PID === String(process.pid);
server.listen(inherited ? {fd: 3} : {port: Number(process.env.PORT ?? 8080), host: '127.0.0.1'}, () => {
	console.log(`node example listening on ${inherited ? 'the socket the emperor holds (fd 3)' : `port ${server.address().port}`}`);
});

// stop accepting, let every connection already accepted get its answer, then exit; http's own close() would also
// drop connections accepted a moment ago whose request has not arrived yet, and their clients would see a reset
process.on('SIGTERM', () => {
	net.Server.prototype.close.call(server, () => process.exit(0));
	server.keepAliveTimeout = 1000;
});
