package io.apisec.bench.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The floor on Netty alone (epoll, BoringSSL): each client connection gets one upstream connection on its own event
 * loop, and HTTP messages pass through as Netty decoded them, flushed once per message's end. {@link Work} is what
 * a gateway would do to each exchange on the way (nothing for the bare floor).
 */
final class NettyProxy implements ProxyFloor.Proxy {

    /** What is done to one exchange: its request before it goes up, its response before it goes back. */
    interface Work {
        /** Returns the exchange's state, handed back with its response. */
        Object request(HttpRequest request, InetSocketAddress client);

        void response(HttpResponse response, Object exchange);

        /** The response's last byte was written. */
        void ended(HttpResponse response, Object exchange);
    }

    private static final Work NONE = new Work() {
        @Override
        public Object request(HttpRequest request, InetSocketAddress client) {
            return null;
        }

        @Override
        public void response(HttpResponse response, Object exchange) {
        }

        @Override
        public void ended(HttpResponse response, Object exchange) {
        }
    };

    private final Work work;

    NettyProxy() {
        this(NONE);
    }

    NettyProxy(Work work) {
        this.work = work;
    }

    @Override
    public void start(int port, int upstreamPort, Path certificate, Path privateKey) throws Exception {
        SslContext server = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                .sslProvider(SslProvider.OPENSSL).build();
        SslContext client = SslContextBuilder.forClient().trustManager(certificate.toFile())
                .sslProvider(SslProvider.OPENSSL).endpointIdentificationAlgorithm("HTTPS").build();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(ProxyFloor.listeners(),
                EpollIoHandler.newFactory());
        new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(server.newHandler(channel.alloc()), new HttpServerCodec(),
                                new Frontend(client, upstreamPort, work));
                    }
                }).bind("127.0.0.1", port).sync();
    }

    /** A client's connection: its requests go to its own upstream connection, in order. */
    private static final class Frontend extends ChannelInboundHandlerAdapter {
        private final SslContext client;
        private final int upstreamPort;
        private final Work work;
        private final ArrayDeque<Object> exchanges = new ArrayDeque<>();
        private ChannelFuture upstream;

        Frontend(SslContext client, int upstreamPort, Work work) {
            this.client = client;
            this.upstreamPort = upstreamPort;
            this.work = work;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            Channel front = context.channel();
            upstream = new Bootstrap().group(front.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(client.newHandler(channel.alloc(), "localhost", upstreamPort),
                                    new HttpClientCodec(), new Backend(front, work, exchanges));
                        }
                    }).connect("127.0.0.1", upstreamPort);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest request) {
                request.headers().remove(HttpHeaderNames.CONNECTION);
                request.headers().set(HttpHeaderNames.HOST, "localhost:" + upstreamPort);
                exchanges.add(Objects.requireNonNullElse(work.request(request, (InetSocketAddress) context.channel().remoteAddress()), request));
            }
            if (upstream.isSuccess()) {
                pass(upstream.channel(), message);
            } else {
                upstream.addListener(connected -> {
                    if (connected.isSuccess()) {
                        pass(upstream.channel(), message);
                    } else {
                        ReferenceCountUtil.release(message);
                        context.close();
                    }
                });
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            upstream.channel().close();
        }
    }

    /** The upstream connection: its answers go back to the client's connection. */
    private static final class Backend extends ChannelInboundHandlerAdapter {
        private final Channel front;
        private final Work work;
        private final ArrayDeque<Object> exchanges;
        private HttpResponse response;

        Backend(Channel front, Work work, ArrayDeque<Object> exchanges) {
            this.front = front;
            this.work = work;
            this.exchanges = exchanges;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpResponse head) {
                // An interim answer (100 Continue, 103) passes through; the exchange waits for its final one.
                boolean interim = head.status().codeClass() == HttpStatusClass.INFORMATIONAL
                        && head.status().code() != 101;
                response = interim ? null : head;
                if (!interim) {
                    work.response(head, exchanges.peek());
                }
            }
            if (message instanceof LastHttpContent && response == null) {
                front.writeAndFlush(message);
            } else if (message instanceof LastHttpContent) {
                HttpResponse ended = response;
                Object exchange = exchanges.poll();
                front.writeAndFlush(message).addListener(written -> work.ended(ended, exchange));
            } else {
                front.write(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            front.close();
        }
    }

    private static void pass(Channel to, Object message) {
        if (message instanceof LastHttpContent) {
            to.writeAndFlush(message);
        } else {
            to.write(message);
        }
    }
}
