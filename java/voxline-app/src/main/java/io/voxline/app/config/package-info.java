/** Configuration: the gateway's TOML file and the command-line endpoint syntax, validated with file, line and key. */
package io.voxline.app.config;
