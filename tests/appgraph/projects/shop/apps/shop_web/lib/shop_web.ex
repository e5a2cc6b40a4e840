defmodule ShopWeb do
  @moduledoc false
end
