defmodule ShopCore do
  @moduledoc false
end
