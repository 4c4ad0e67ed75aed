CREATE DATABASE reintegra_keystore OWNER reintegra;
