# the wsgi.py of DigitalOcean's guide "How To Set Up uWSGI and Nginx to Serve Python Apps on Ubuntu 14.04";
# the only change: the body is bytes, because uWSGI's python3 plugin rejects a str
# ("[ERROR] Unhandled object from iterator") and sends an empty 200
def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/html')])
    return [b"<h1 style='color:blue'>Hello There!</h1>"]
