# a plain WSGI app for gunicorn: JSON with the worker's pid
import json
import os


def application(environ, start_response):
    body = json.dumps({'app': 'gunicorn', 'pid': os.getpid(), 'version': os.environ.get('APP_VERSION', '1'), 'path': environ.get('PATH_INFO')}).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]
