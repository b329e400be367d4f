// epoll(7) for the HTTP engine's event loops: Swift's Glibc module does not import <sys/epoll.h>.
#include <sys/epoll.h>
