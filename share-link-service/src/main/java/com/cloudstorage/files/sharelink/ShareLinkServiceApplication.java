package com.cloudstorage.files.sharelink;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ShareLinkServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShareLinkServiceApplication.class, args);
	}

}
