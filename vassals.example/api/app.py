# a tiny WSGI app answering JSON: which app, which worker pid, which path
import json
import os


def application(environ, start_response):
    body = json.dumps({
        'app': 'api',
        'pid': os.getpid(),
        'method': environ.get('REQUEST_METHOD'),
        'path': environ.get('PATH_INFO'),
    }).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]
