# A tiny TCP echo server for the socket-echo demo: python3 echo_server.py [port]
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(4096)
            if not data:
                return
            self.request.sendall(data)


socketserver.ThreadingTCPServer.allow_reuse_address = True
port = int(sys.argv[1]) if len(sys.argv) > 1 else 7000
with socketserver.ThreadingTCPServer(("127.0.0.1", port), Echo) as server:
    print(f"echo server on 127.0.0.1:{port}")
    server.serve_forever()
