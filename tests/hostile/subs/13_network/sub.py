import socket


def _fails(fn):
    try:
        fn()
    except OSError:
        return True
    return False


def target():
    tcp = _fails(lambda: socket.create_connection(("1.1.1.1", 53), timeout=2))
    udp = _fails(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53)))
    dns = _fails(lambda: socket.getaddrinfo("pypi.org", 443))
    ipv6 = _fails(lambda: socket.create_connection(("2606:4700:4700::1111", 53), timeout=2))
    return 42 if tcp and udp and dns and ipv6 else 0
