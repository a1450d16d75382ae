package com.cloudstorage.files.issuer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class LocalIssuerApplication {

	public static void main(String[] args) {
		SpringApplication.run(LocalIssuerApplication.class, args);
	}

}
