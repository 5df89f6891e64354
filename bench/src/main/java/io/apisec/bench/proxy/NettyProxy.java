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
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

import java.nio.file.Path;

/**
 * The floor on Netty alone (epoll, BoringSSL): each client connection gets one upstream connection on its own event
 * loop, and HTTP messages pass through as Netty decoded them, flushed once per message's end.
 */
final class NettyProxy implements ProxyFloor.Proxy {

    @Override
    public void start(int port, int upstreamPort, Path certificate, Path privateKey) throws Exception {
        SslContext server = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                .sslProvider(SslProvider.OPENSSL).build();
        SslContext client = SslContextBuilder.forClient().trustManager(certificate.toFile())
                .sslProvider(SslProvider.OPENSSL).endpointIdentificationAlgorithm("HTTPS").build();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                EpollIoHandler.newFactory());
        new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(server.newHandler(channel.alloc()), new HttpServerCodec(),
                                new Frontend(client, upstreamPort));
                    }
                }).bind("127.0.0.1", port).sync();
    }

    /** A client's connection: its requests go to its own upstream connection, in order. */
    private static final class Frontend extends ChannelInboundHandlerAdapter {
        private final SslContext client;
        private final int upstreamPort;
        private ChannelFuture upstream;

        Frontend(SslContext client, int upstreamPort) {
            this.client = client;
            this.upstreamPort = upstreamPort;
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
                                    new HttpClientCodec(), new Backend(front));
                        }
                    }).connect("127.0.0.1", upstreamPort);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest request) {
                request.headers().remove(HttpHeaderNames.CONNECTION);
                request.headers().set(HttpHeaderNames.HOST, "localhost:" + upstreamPort);
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

        Backend(Channel front) {
            this.front = front;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            pass(front, message);
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
